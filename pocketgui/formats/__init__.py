"""pocketgui.formats: the plain formats every layer reads and writes, written once.

JSON whose numbers stay exact `Decimal`s (`decimal_json`), files written whole or not at all
(`atomic_file`), and the bank's codes: IBANs and ISO 11649 creditor references (`bank_codes`).
The bottom layer beside `bitcoin`: the client and the sandbox both use it, and it imports
nothing of pocketgui.

Nothing is re-exported here: the settings are read before the first paint with `atomic_file`
alone, and `bank_codes` loads schwifty and stdnum. Import from the module that holds the name.
"""
