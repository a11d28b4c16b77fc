"""Slack in: one package per capability, each module registering the listeners of one surface.
`registry.register` adds them all to the Bolt app; importing this package loads none of them, so
a command-line report can use `ids` without loading Bolt."""
