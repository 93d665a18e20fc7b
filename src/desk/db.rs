//! The store behind the desk: a few connections to the same SQLite file, used from blocking
//! threads. Pages only read, and in WAL mode readers on separate connections run side by side,
//! so two people opening the grid at once use both cores instead of queueing behind one
//! connection; SQLite still serialises the writers.

use crate::store::{Store, StoreError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Connections the desk's pages share. More than the cores gains nothing: each query is CPU.
const PAGE_CONNECTIONS: usize = 3;

/// A handle on the desk's connections (cheap to clone).
#[derive(Clone)]
pub struct Db(Arc<Pool>);

struct Pool {
    free: Mutex<Vec<Store>>,
    returned: Condvar,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Db")
    }
}

impl Db {
    /// The desk's handle on `store` alone.
    pub fn new(store: Store) -> Db {
        Db::of(vec![store])
    }

    /// `store` and further connections to its file, for the pages.
    pub fn pages(store: Store) -> Result<Db, StoreError> {
        let mut all = Vec::with_capacity(PAGE_CONNECTIONS);
        for _ in 1..PAGE_CONNECTIONS {
            all.push(Store::open(store.path())?);
        }
        all.push(store);
        Ok(Db::of(all))
    }

    fn of(stores: Vec<Store>) -> Db {
        Db(Arc::new(Pool {
            free: Mutex::new(stores),
            returned: Condvar::new(),
        }))
    }

    /// Runs `f` on a free connection, on a blocking thread.
    pub async fn run<T, E>(&self, f: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static) -> Result<T, E>
    where
        T: Send + 'static,
        E: Send + 'static,
    {
        let pool = self.0.clone();
        let job = tokio::task::spawn_blocking(move || {
            let mut lent = Lent::take(&pool);
            f(lent.store())
        });
        match job.await {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("desk store task cancelled: {e}"),
        }
    }
}

/// A connection taken from the pool, given back when dropped (a panic too).
struct Lent<'a> {
    pool: &'a Pool,
    store: Option<Store>,
}

impl<'a> Lent<'a> {
    fn take(pool: &'a Pool) -> Lent<'a> {
        let mut free = pool.free.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(store) = free.pop() {
                return Lent {
                    pool,
                    store: Some(store),
                };
            }
            free = pool.returned.wait(free).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn store(&mut self) -> &mut Store {
        self.store.as_mut().expect("lent until dropped")
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            let mut free = self.pool.free.lock().unwrap_or_else(PoisonError::into_inner);
            free.push(store);
            self.pool.returned.notify_one();
        }
    }
}
