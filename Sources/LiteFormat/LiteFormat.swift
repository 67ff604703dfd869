// LiteFormat: see README "How it works".
