"""The middle pane: the conversation's bubbles, selecting words in them, and the reply
box.
"""
