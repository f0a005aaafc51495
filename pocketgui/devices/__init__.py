"""pocketgui.devices"""
