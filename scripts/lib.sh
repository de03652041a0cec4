# Shared by scripts/run, scripts/test and scripts/bench. Source it; do not run it.
# shellcheck shell=bash

# Debian packages Liaison needs to build, test and run.
LIAISON_APT_PACKAGES=(libpq-dev libssl-dev pkg-config postgresql postgresql-contrib openssl)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the missing packages (as root, with apt-get); a non-root user is told what to install.
ensure_packages() {
    local missing=() package
    for package in "${LIAISON_APT_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        die "missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})"
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The folder of initdb, pg_ctl, … of the newest installed PostgreSQL server.
pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$dir/initdb" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
    echo "$dir"
}

# Runs a command as the cluster's owner: initdb and postgres refuse to run as root.
as_cluster_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# init_cluster DATA_DIR: creates a cluster (trust auth over the unix socket only) unless it exists.
init_cluster() {
    local data=$1 bindir
    bindir=$(pg_bindir)
    [ -f "$data/PG_VERSION" ] && return 0
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    as_cluster_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        --no-sync >/dev/null
}

# start_cluster DATA_DIR SOCKET_DIR PORT [postgres -c options…]: starts it; it listens on the
# unix socket only, unless the options set listen_addresses.
start_cluster() {
    local data=$1 socket=$2 port=$3 bindir
    shift 3
    bindir=$(pg_bindir)
    mkdir -p "$socket"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$socket"
    local options="-k $socket -p $port"
    case " $* " in *" listen_addresses="*) ;; *) options+=" -c listen_addresses=''" ;; esac
    local option
    for option in "$@"; do options+=" -c $option"; done
    as_cluster_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -o "$options" -w -t 60 start >/dev/null \
        || { cat "$data/server.log" >&2; die "PostgreSQL did not start"; }
}

# A free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# make_tls_certificate DIR: a self-signed certificate for localhost/127.0.0.1 (server.crt, server.key),
# readable by the cluster's owner.
make_tls_certificate() {
    local dir=$1
    mkdir -p "$dir"
    openssl req -new -x509 -days 2 -nodes -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1 || die "openssl could not make a certificate"
    chmod 600 "$dir/server.key"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/server.key" "$dir/server.crt"
    chmod 644 "$dir/server.crt"
}

# stop_cluster DATA_DIR [MODE]
stop_cluster() {
    local data=$1 mode=${2:-fast}
    as_cluster_owner "$(pg_bindir)/pg_ctl" -D "$data" -m "$mode" -w stop >/dev/null 2>&1 || true
}

# psql_socket SOCKET_DIR PORT DATABASE [psql args…]
psql_socket() {
    local socket=$1 port=$2 database=$3
    shift 3
    psql -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U postgres -d "$database" "$@"
}
