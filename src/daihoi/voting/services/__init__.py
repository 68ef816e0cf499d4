"""Voting services: `devices` (binding a phone), `polls` (electronic polls of secret ballots, paper at the
desk), `open_votes` (open votes on phones). Transactional functions named after the action."""
