"""Every action_id, callback_id and block_id, shared by the listeners and the templates."""

from __future__ import annotations

from typing import Final

ANSWER: Final = "walk_answer"  # action_id is "walk_answer:<scale value>"
NOTES: Final = "walk_notes"
SKIP: Final = "walk_skip"
BACK: Final = "walk_back"
CHANGE: Final = "walk_change"
CONTINUE: Final = "walk_continue"  # value: topic slug

NOTES_MODAL: Final = "walk_notes_modal"
NOTES_BLOCK: Final = "notes"
NOTES_INPUT: Final = "notes_input"
RESOURCES_BLOCK: Final = "resources"
RESOURCES_INPUT: Final = "resources_input"

# People and permissions (Committee admin, invitations, App Home).
ADMIN_MODAL: Final = "admin_modal"
INVITE_OPEN: Final = "invite_open"
INVITE_MODAL: Final = "invite_modal"
MEMBER_EDIT: Final = "member_edit"  # value: participant id
MEMBER_EDIT_MODAL: Final = "member_edit_modal"
MEMBER_REMOVE: Final = "member_remove"  # value: participant id
HOME_JURISDICTION: Final = "home_jurisdiction"  # static select; value: jurisdiction code
ADMIN_OPEN: Final = "admin_open"  # the button `/assess admin` answers with
# Inputs of the admin, invitation and member modals; each is both the block_id and the action_id.
CYCLE_NAME: Final = "cycle_name"
CYCLE_DEADLINE: Final = "cycle_deadline"
POC_JURISDICTION: Final = "poc_jurisdiction"
POC_USER: Final = "poc_user"
COMMITTEE_USER: Final = "committee_user"
INVITE_USERS: Final = "users"
AGENCY_NAME: Final = "agency"
TOPICS: Final = "topics"
INVITE_MODE: Final = "invite_mode"  # add to, or replace, the topics of someone taking part
# People from other organisations (Slack Connect): the invitation modal's email inputs
# (`invite_email_1` …), and the pending list's buttons (value: row id).
INVITE_EMAIL: Final = "invite_email"
PENDING_MENU: Final = "pending_menu"  # action_id is "pending_menu:<row id>", one per invitation
PENDING_RESEND: Final = "pending_resend"
PENDING_CANCEL: Final = "pending_cancel"

# Review and submission.
REVIEW_OPEN: Final = "review_open"
REVIEW_ACCEPT: Final = "review_accept"
REVIEW_ACCEPT_ALL: Final = "review_accept_all"  # value: {"j", "t", "s", "a": [[answer id, v]]}
REVIEW_CHANGES: Final = "review_changes"
REVIEW_CHANGES_MODAL: Final = "review_changes_modal"
SUBMIT_OPEN: Final = "submit_open"
SUBMIT_MODAL: Final = "submit_modal"
REOPEN_OPEN: Final = "reopen_open"  # value: jurisdiction code
REOPEN_MODAL: Final = "reopen_modal"
REVIEW_TOPIC: Final = "review_topic"  # value: {"j": code, "t": topic slug, "s": review baseline}
REVIEW_ALL: Final = "review_all"  # value: {"j": code, "s": review baseline}
REVIEW_COMMENT_BLOCK: Final = "review_comment"
REVIEW_COMMENT_INPUT: Final = "review_comment_input"
REOPEN_REASON_BLOCK: Final = "reopen_reason"
REOPEN_REASON_INPUT: Final = "reopen_reason_input"

# The Committee's evidence (`/assess committee`).
COMMITTEE_EXPORT: Final = "committee_export"
COMMITTEE_NATIONAL: Final = "committee_national"
COMMITTEE_STATE_REPORT: Final = "committee_state_report"  # value: the USPS code
COMMITTEE_FEATURE: Final = "committee_feature"  # feature (or stop featuring) a practice

# Personal data (the Committee's App Home).
FORGET_OPEN: Final = "forget_open"
FORGET_MODAL: Final = "forget_modal"
FORGET_USER: Final = "forget_user"  # a users_select; block_id and action_id
FORGET_TEXT: Final = "forget_text"  # or a typed user id / email address, for people gone from Slack
FORGET_CONFIRM: Final = "forget_confirm"  # the "cannot be undone" checkbox

# Reminders.
SNOOZE_DAY: Final = "snooze_day"
SNOOZE_MONDAY: Final = "snooze_monday"
AWAY_OPEN: Final = "away_open"
AWAY_MODAL: Final = "away_modal"
AWAY_BLOCK: Final = "away_block"
AWAY_DATE: Final = "away_date"


def as_dict() -> dict[str, str]:
    """The ids, for templates."""
    return {name: value for name, value in globals().items() if name.isupper()}
