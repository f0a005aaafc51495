"""pocketgui.sandbox"""
