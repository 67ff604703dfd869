import LabRunCLI

LabRunCommand.main()
