"""The operator CLI (`python -m bot …`): one module per command group, glue only.

Business rules live in bot.workflows; these modules parse arguments, open the store, call one
workflow and print. `bot.__main__` builds the parser and the settings and runs the command.
"""
