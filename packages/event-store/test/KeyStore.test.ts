import { KeyStore } from "../src/index.ts"
import { KeyStoreContract } from "../src/testing/index.ts"

KeyStoreContract.suite("the in-memory key store", {
  open: async () => {
    const store = KeyStore.memory()
    return { store, reopen: async () => store, close: async () => {} }
  }
})
