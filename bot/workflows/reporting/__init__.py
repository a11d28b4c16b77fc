"""What the Committee and the people read: exports, reports, App Home, status posts."""
