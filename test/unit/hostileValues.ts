// Values that break code reading them: Proxies whose traps throw, revoked Proxies, cycles.
export const revoked = () => {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
};
export const revokedList = () => {
  const r = Proxy.revocable([], {});
  r.revoke();
  return r.proxy;
};
export const throwing = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('proxy get');
      },
      has() {
        throw new Error('proxy has');
      },
      ownKeys() {
        throw new Error('proxy ownKeys');
      },
      getPrototypeOf() {
        throw new Error('proxy getPrototypeOf');
      },
      getOwnPropertyDescriptor() {
        throw new Error('proxy descriptor');
      },
    },
  );
// A Proxy of an array: Array.isArray says true, every read throws.
export const throwingList = () =>
  new Proxy([], {
    get() {
      throw new Error('list get');
    },
  });
export const circular = () => {
  const o: Record<string, unknown> = { a: 1 };
  o.o = o;
  return o;
};
