"""pocketgui.tracking"""
