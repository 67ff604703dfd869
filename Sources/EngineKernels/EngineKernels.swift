// EngineKernels: see README "How it works".
