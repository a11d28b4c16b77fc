"""What the Committee and the people read: exports, reports, App Home, status posts, and the
Committee's evidence (adoption across jurisdictions). Read models only: plain frozen data, a
fixed number of queries whatever the number of jurisdictions."""
