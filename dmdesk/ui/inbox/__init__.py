"""The left pane: the conversation list (model, delegate, holding still), search
results, saved searches and the read rules.
"""
