// Client-side search: replaced by the full implementation (see issue 5).
