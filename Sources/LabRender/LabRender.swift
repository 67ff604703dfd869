// LabRender: see README "How it works".
