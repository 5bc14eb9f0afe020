"""The demo's part in reporting: what the partnership's officers set in reporting itself
(everything else reporting holds comes from the other services' events)."""
