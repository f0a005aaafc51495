"""The purchase wizard's pages, one module per step, rendering `pocketgui.flow.PurchaseFlow`."""
