"""pocketgui.api"""
