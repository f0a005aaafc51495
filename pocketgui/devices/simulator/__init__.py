"""Trezor wire-protocol device simulator."""
