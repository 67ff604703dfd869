// LiteQuantizer: see README "How it works".
