"""The sandbox in a terminal: Block Kit as text (`screen`), the typed session (`session`), modals
as prompts (`modal_prompts`, `forms`). `python -m sandbox.console` runs it.
"""
