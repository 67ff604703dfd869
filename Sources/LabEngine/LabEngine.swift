// LabEngine: see README "How it works".
