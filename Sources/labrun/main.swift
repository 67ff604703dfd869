import LabRunCLI

LabRunCommand.runFromCommandLine()
