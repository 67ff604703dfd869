// LiteRuntime: see README "How it works".
