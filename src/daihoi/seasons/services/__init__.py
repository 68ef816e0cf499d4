"""The season's actions: one transactional, audited function per action (`plan`: the season and its plan;
`allocation`: the seats of the delegates' congress; the approval and the upper congress are their own
modules)."""
