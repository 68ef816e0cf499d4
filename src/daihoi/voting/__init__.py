"""Voting on phones in the hall: binding a phone to its delegate, electronic polls of secret ballots
(with paper ballots for delegates without a device), and open votes on phones."""
