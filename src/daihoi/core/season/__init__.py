"""The congress season of a superior committee: dividing its congress's seats among the organizations
below it (`allocation`)."""
