"""Errors of the bitcoin layer. All are ValueError: bad input, never a crash.

BitcoinError
├── InvalidAddress          not an address, or not on the expected network
├── UnsupportedAddressType  valid, but not a single-key type we can verify (taproot, p2wsh)
├── InvalidSignature        malformed signature text (base64 / zbase32, length, header)
├── InvalidExtendedKey      bad xpub/ypub/zpub/tpub/upub/vpub, or bad relative path
└── InvalidInvoice          BOLT11 that does not decode or whose signature does not check
"""


class BitcoinError(ValueError):
    """Base of every error raised by pocketgui.bitcoin."""


class InvalidAddress(BitcoinError):
    pass


class UnsupportedAddressType(BitcoinError):
    pass


class InvalidSignature(BitcoinError):
    pass


class InvalidExtendedKey(BitcoinError):
    pass


class InvalidInvoice(BitcoinError):
    pass
