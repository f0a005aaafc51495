"""pocketgui.bitcoin"""
