// Every kind of browser storage the page has put anything in.
async () => {
  const used = [];
  if (localStorage.length) used.push(`uses localStorage (${Object.keys(localStorage).join(', ')})`);
  if (sessionStorage.length) used.push(`uses sessionStorage (${Object.keys(sessionStorage).join(', ')})`);
  const databases = await indexedDB.databases();
  if (databases.length) used.push(`uses IndexedDB (${databases.map(d => d.name).join(', ')})`);
  if (window.caches && (await caches.keys()).length) used.push('uses the Cache API');
  if (navigator.serviceWorker && (await navigator.serviceWorker.getRegistrations()).length) used.push('registers a service worker');
  return used;
}
