//! A real HTTP server on 127.0.0.1 for tests, started inside the test
//! process: answers from a handler, logs every request, its headers and how
//! many were answered at once.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::Response;

/// What a test server answers.
pub enum Reply {
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Never answer.
    Hang,
    /// Answer after a while.
    Slow(Duration, Box<Reply>),
}

pub fn reply(status: u16, body: &str) -> Reply {
    Reply::Answer {
        status,
        headers: vec![("content-type", "text/html; charset=utf-8".into())],
        body: body.as_bytes().to_vec(),
    }
}

pub fn redirect(status: u16, to: &str) -> Reply {
    Reply::Answer {
        status,
        headers: vec![("location", to.to_string())],
        body: Vec::new(),
    }
}

/// Each request's headers, as (name, value) pairs.
pub type HeadLog = Arc<Mutex<Vec<Vec<(String, String)>>>>;

pub type Handler = dyn Fn(&str, &str, usize) -> Reply + Send + Sync;

/// A server on 127.0.0.1 that logs every request (method, path).
pub struct Server {
    _rt: tokio::runtime::Runtime,
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<(String, String)>>>,
    /// Each request's headers, in the order of `log`.
    heads: HeadLog,
    /// Requests being answered now, and the most at once.
    flight: Arc<[std::sync::atomic::AtomicUsize; 2]>,
}

impl Server {
    /// `handler(method, path, nth)`: nth counts earlier requests to the path.
    pub fn start(handler: impl Fn(&str, &str, usize) -> Reply + Send + Sync + 'static) -> Server {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let log: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let heads: HeadLog = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let flight: Arc<[std::sync::atomic::AtomicUsize; 2]> = Arc::default();
        let l = log.clone();
        let h = heads.clone();
        let f = flight.clone();
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let handler = handler.clone();
            let log = l.clone();
            let heads = h.clone();
            let flight = f.clone();
            async move {
                use std::sync::atomic::Ordering::SeqCst;
                let now = flight[0].fetch_add(1, SeqCst) + 1;
                flight[1].fetch_max(now, SeqCst);
                heads.lock().unwrap().push(
                    req.headers()
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.as_str().to_string(),
                                String::from_utf8_lossy(v.as_bytes()).into_owned(),
                            )
                        })
                        .collect(),
                );
                let method = req.method().to_string();
                let path = req
                    .uri()
                    .path_and_query()
                    .map_or("/".to_string(), |p| p.to_string());
                let nth = {
                    let mut log = log.lock().unwrap();
                    let nth = log.iter().filter(|(_, p)| *p == path).count();
                    log.push((method.clone(), path.clone()));
                    nth
                };
                let mut reply = handler(&method, &path, nth);
                let response = loop {
                    match reply {
                        Reply::Hang => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            break Response::new(Body::empty());
                        }
                        Reply::Slow(wait, then) => {
                            tokio::time::sleep(wait).await;
                            reply = *then;
                        }
                        Reply::Answer {
                            status,
                            headers,
                            body,
                        } => {
                            let mut b = Response::builder().status(status);
                            for (k, v) in headers {
                                b = b.header(k, v);
                            }
                            break b.body(Body::from(body)).unwrap();
                        }
                    }
                };
                flight[0].fetch_sub(1, SeqCst);
                response
            }
        });
        rt.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            _rt: rt,
            addr,
            log,
            heads,
            flight,
        }
    }

    /// The most requests the server was answering at once.
    pub fn peak(&self) -> usize {
        self.flight[1].load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<(String, String)> {
        self.log.lock().unwrap().clone()
    }

    /// The value of header `name` in each request, in order.
    pub fn header(&self, name: &str) -> Vec<Option<String>> {
        self.heads
            .lock()
            .unwrap()
            .iter()
            .map(|h| h.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .collect()
    }
}
