"""pocketgui.store"""
