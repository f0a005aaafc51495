"""pocketgui.ui"""
