"""The CSP team's narrative of the committee report (Markdown, versioned per period and
section), its approval, and the approved report frozen as a dated edition."""
