"""The 50 states, DC and the 5 inhabited territories, with a default IANA time zone each.

The zone is where most of the jurisdiction's people live; a participant's own Slack time zone wins
when it is known.
"""

from __future__ import annotations

from typing import Final

# (USPS code, name, kind, default zone)
JURISDICTIONS: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("AL", "Alabama", "state", "America/Chicago"),
    ("AK", "Alaska", "state", "America/Anchorage"),
    ("AZ", "Arizona", "state", "America/Phoenix"),
    ("AR", "Arkansas", "state", "America/Chicago"),
    ("CA", "California", "state", "America/Los_Angeles"),
    ("CO", "Colorado", "state", "America/Denver"),
    ("CT", "Connecticut", "state", "America/New_York"),
    ("DE", "Delaware", "state", "America/New_York"),
    ("FL", "Florida", "state", "America/New_York"),
    ("GA", "Georgia", "state", "America/New_York"),
    ("HI", "Hawaii", "state", "Pacific/Honolulu"),
    ("ID", "Idaho", "state", "America/Boise"),
    ("IL", "Illinois", "state", "America/Chicago"),
    ("IN", "Indiana", "state", "America/Indiana/Indianapolis"),
    ("IA", "Iowa", "state", "America/Chicago"),
    ("KS", "Kansas", "state", "America/Chicago"),
    ("KY", "Kentucky", "state", "America/New_York"),
    ("LA", "Louisiana", "state", "America/Chicago"),
    ("ME", "Maine", "state", "America/New_York"),
    ("MD", "Maryland", "state", "America/New_York"),
    ("MA", "Massachusetts", "state", "America/New_York"),
    ("MI", "Michigan", "state", "America/Detroit"),
    ("MN", "Minnesota", "state", "America/Chicago"),
    ("MS", "Mississippi", "state", "America/Chicago"),
    ("MO", "Missouri", "state", "America/Chicago"),
    ("MT", "Montana", "state", "America/Denver"),
    ("NE", "Nebraska", "state", "America/Chicago"),
    ("NV", "Nevada", "state", "America/Los_Angeles"),
    ("NH", "New Hampshire", "state", "America/New_York"),
    ("NJ", "New Jersey", "state", "America/New_York"),
    ("NM", "New Mexico", "state", "America/Denver"),
    ("NY", "New York", "state", "America/New_York"),
    ("NC", "North Carolina", "state", "America/New_York"),
    ("ND", "North Dakota", "state", "America/Chicago"),
    ("OH", "Ohio", "state", "America/New_York"),
    ("OK", "Oklahoma", "state", "America/Chicago"),
    ("OR", "Oregon", "state", "America/Los_Angeles"),
    ("PA", "Pennsylvania", "state", "America/New_York"),
    ("RI", "Rhode Island", "state", "America/New_York"),
    ("SC", "South Carolina", "state", "America/New_York"),
    ("SD", "South Dakota", "state", "America/Chicago"),
    ("TN", "Tennessee", "state", "America/Chicago"),
    ("TX", "Texas", "state", "America/Chicago"),
    ("UT", "Utah", "state", "America/Denver"),
    ("VT", "Vermont", "state", "America/New_York"),
    ("VA", "Virginia", "state", "America/New_York"),
    ("WA", "Washington", "state", "America/Los_Angeles"),
    ("WV", "West Virginia", "state", "America/New_York"),
    ("WI", "Wisconsin", "state", "America/Chicago"),
    ("WY", "Wyoming", "state", "America/Denver"),
    ("DC", "District of Columbia", "district", "America/New_York"),
    ("AS", "American Samoa", "territory", "Pacific/Pago_Pago"),
    ("GU", "Guam", "territory", "Pacific/Guam"),
    ("MP", "Northern Mariana Islands", "territory", "Pacific/Saipan"),
    ("PR", "Puerto Rico", "territory", "America/Puerto_Rico"),
    ("VI", "U.S. Virgin Islands", "territory", "America/St_Thomas"),
)
