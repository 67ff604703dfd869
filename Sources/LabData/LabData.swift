// LabData: see README "How it works".
