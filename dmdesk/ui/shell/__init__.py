"""The window and what frames every room: the main window, the action table with its
menus, palette and cheat sheet, the preferences menu, the tray, the damaged-data
dialog and the bridge from sync threads.
"""
