// LiteKernels: see README "How it works".
