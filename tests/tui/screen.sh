# The tmux tests' screen helpers, for any script that runs ailife in a tmux session
# named "main" on the server $TM names and defines ok and bad: screen, keys, typ, wait_for,
# wait_gone, expect NAME TEXT [SECONDS], lacks NAME TEXT.
screen() { $TM capture-pane -p -t main; }
keys() { $TM send-keys -t main "$@"; }
typ() { $TM send-keys -t main -l "$1"; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
	local i n=$((${2:-5} * 20))
	for ((i = 0; i < n; i++)); do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		sleep 0.05
	done
	return 1
}
wait_gone() {
	local i
	for ((i = 0; i < 100; i++)); do
		case "$(screen)" in *"$1"*) ;; *) return 0 ;; esac
		sleep 0.05
	done
	return 1
}
expect() {
	if wait_for "$2" "${3:-5}"; then
		ok "$1"
	else
		bad "$1" "screen lacks: $2" "$(screen | sed 's/^/|/')"
	fi
}
lacks() {
	sleep 0.2
	case "$(screen)" in
	*"$2"*) bad "$1" "screen shows: $2" "$(screen | sed 's/^/|/')" ;;
	*) ok "$1" ;;
	esac
}
