"""The sandbox's regtest chain: real blocks and transactions, served over Esplora and Electrum.

`node` mines blocks and pays from a simulated Pocket hot wallet; `ledger` keeps blocks, the
mempool and a scripthash index in the sandbox's SQLite; `esplora` and `electrum` serve them
as wallets expect. Built with embit; imports only `pocketgui.bitcoin` of pocketgui.
"""
