//! Which `Host` headers the dev server answers: the names of this machine
//! only, whatever address it listens on.
//!
//! A web page in the same browser can point a name it controls at this
//! machine (DNS rebinding) and then read the preview as if it were its own
//! site; the browser sends that name as `Host`. Answering only loopback
//! names, the bound address and the machine's own name and addresses
//! closes that door, also with `--bind 0.0.0.0`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

/// The hosts one server answers to.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    bind: IpAddr,
    /// The machine's own names, lower case (its host name and variants).
    names: Vec<String>,
    /// The machine's own addresses (besides loopback and `bind`).
    addresses: Vec<IpAddr>,
}

impl Hosts {
    /// The hosts for a server bound to `bind` on a machine with these
    /// names and addresses.
    pub(crate) fn new(bind: IpAddr, names: &[String], addresses: &[IpAddr]) -> Hosts {
        let mut all = Vec::new();
        for name in names {
            let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
            if name.is_empty() || name == "localhost" {
                continue;
            }
            let short = name.split('.').next().unwrap_or(&name).to_string();
            for candidate in [format!("{short}.local"), short, name] {
                if !all.contains(&candidate) {
                    all.push(candidate);
                }
            }
        }
        Hosts { bind, names: all, addresses: addresses.to_vec() }
    }

    /// The hosts of this machine: its host name and the addresses it uses
    /// to reach other networks (found without sending a packet).
    pub(crate) fn of_this_machine(bind: IpAddr) -> Hosts {
        let names: Vec<String> = host_name().into_iter().collect();
        Hosts::new(bind, &names, &outward_addresses())
    }

    /// True if a `Host` header value names this server.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        let Some(name) = host.and_then(host_name_of) else { return false };
        let loopback_bind = self.bind.is_loopback();
        let any = self.bind.is_unspecified();
        if name == "localhost" || name.ends_with(".localhost") {
            return loopback_bind || any;
        }
        if let Ok(ip) = name.parse::<IpAddr>() {
            return ip == self.bind
                || ((loopback_bind || any) && ip.is_loopback())
                || (any && self.addresses.contains(&ip));
        }
        self.names.contains(&name)
    }
}

/// The lower-case host name of a `Host` value, without its port and
/// brackets; `None` if it is not one.
fn host_name_of(host: &str) -> Option<String> {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))) {
            return None;
        }
        inside
    } else {
        match host.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            Some(_) => return None,
            None => host,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

/// True if `host` names a server bound to `bind`, knowing no names or
/// addresses of the machine: loopback names and the bound address only.
pub fn host_allowed(host: Option<&str>, bind: IpAddr) -> bool {
    Hosts::new(bind, &[], &[]).allows(host)
}

/// This machine's host name, if the system says.
fn host_name() -> Option<String> {
    #[cfg(target_os = "linux")]
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok();
    #[cfg(windows)]
    let name = std::env::var("COMPUTERNAME").ok();
    #[cfg(not(any(target_os = "linux", windows)))]
    let name = std::process::Command::new("hostname")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok());
    name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
}

/// The local addresses the system would use to reach the internet (IPv4
/// and IPv6). A UDP "connect" only picks a route; no packet is sent.
fn outward_addresses() -> Vec<IpAddr> {
    let probes = [
        (SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)), SocketAddr::from((Ipv4Addr::new(192, 0, 2, 1), 9))),
        (
            SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0)),
            SocketAddr::from((Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 9)),
        ),
    ];
    probes
        .iter()
        .filter_map(|(local, remote)| {
            let socket = UdpSocket::bind(local).ok()?;
            socket.connect(remote).ok()?;
            let ip = socket.local_addr().ok()?.ip();
            (!ip.is_unspecified()).then_some(ip)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn loopback_binds_answer_loopback_names() {
        let hosts = Hosts::new(ip("127.0.0.1"), &["Werkplek.example.org".into()], &[ip("192.168.1.5")]);
        for (host, ok) in [
            (Some("127.0.0.1:1111"), true),
            (Some("127.0.0.2"), true),
            (Some("localhost:1111"), true),
            (Some("LOCALHOST."), true),
            (Some("app.localhost"), true),
            (Some("[::1]:1111"), true),
            (Some("werkplek:1111"), true),
            (Some("werkplek.example.org"), true),
            (Some("werkplek.local"), true),
            (Some("evil.example:1111"), false),
            (Some("127.0.0.1.evil.example"), false),
            (Some("localhost.evil.example"), false),
            (Some("192.168.1.5"), false),
            (Some("[::1]x"), false),
            (Some("a:b:c"), false),
            (Some(""), false),
            (None, false),
        ] {
            assert_eq!(hosts.allows(host), ok, "{host:?}");
        }
    }

    #[test]
    fn every_interface_binds_still_refuse_foreign_names() {
        let names = ["werkplek".to_string()];
        for bind in ["0.0.0.0", "::"] {
            let hosts = Hosts::new(ip(bind), &names, &[ip("192.168.1.5")]);
            for (host, ok) in [
                ("evil.example", false),
                ("evil.example:1111", false),
                ("rebind.attacker.example:1111", false),
                ("10.9.9.9:1111", false),
                ("localhost:1111", true),
                ("127.0.0.1:1111", true),
                ("127.1.2.3", true),
                ("[::1]:1111", true),
                ("werkplek:1111", true),
                ("WERKPLEK.local", true),
                ("192.168.1.5:1111", true),
            ] {
                assert_eq!(hosts.allows(Some(host)), ok, "{bind} {host}");
            }
        }
    }

    #[test]
    fn a_lan_bind_answers_its_address_and_names() {
        let hosts = Hosts::new(ip("10.0.0.5"), &["werkplek".into()], &[]);
        assert!(hosts.allows(Some("10.0.0.5:1111")));
        assert!(hosts.allows(Some("werkplek")));
        assert!(!hosts.allows(Some("localhost")));
        assert!(!hosts.allows(Some("127.0.0.1")));
        assert!(!host_allowed(Some("anything"), ip("0.0.0.0")));
        assert!(host_allowed(Some("localhost:80"), ip("0.0.0.0")));
    }

    #[test]
    fn this_machine_is_found() {
        let hosts = Hosts::of_this_machine(ip("0.0.0.0"));
        assert!(hosts.allows(Some("localhost")));
        if let Some(name) = host_name() {
            assert!(hosts.allows(Some(&name)), "{name}");
        }
    }
}
