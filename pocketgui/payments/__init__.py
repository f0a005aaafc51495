"""pocketgui.payments"""
