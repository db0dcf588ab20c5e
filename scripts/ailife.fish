# fish completion for ailife(1). Installed as $(PREFIX)/share/fish/vendor_completions.d/ailife.fish.
# Commands, subcommands, options, the closed sets of values, and from the store (the
# hidden `ailife __complete KIND PREFIX`: one query, 2 s at most, silent on failure)
# goal ids and titles, journal/meal/workout ids and activity handles.

set -l __ailife_cmds tui table user goal log activity journal meal workout timeline export import demo doctor migrate

# The global options of the line (passed on, so that the same store is asked), then KIND's candidates.
function __ailife_store
    set -l words (commandline -opc)
    set -l globals
    set -l i 2
    while test $i -le (count $words); and string match -q -- '--*' $words[$i]
        set -a globals $words[$i]
        switch $words[$i]
            case --store --db --endpoint --region --profile --table --user --now --config
                set i (math $i + 1)
                test $i -le (count $words); and set -a globals $words[$i]
        end
        set i (math $i + 1)
    end
    command $words[1] $globals __complete $argv[1] (commandline -ct) 2>/dev/null
end

# True when the words after the global options are exactly $argv (the command and subcommand) and then n positional ones.
function __ailife_at
    set -l n $argv[1]
    set -e argv[1]
    set -l words (commandline -opc)
    set -l rest
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case --store --db --endpoint --region --profile --table --user --now --config --note --at --amount --goal --from --to --limit --status --type --title --body --mood --tag --calories --protein --carbs --fat --minutes --distance --name --kind --target --unit --category --start --due --id --days --seed
                set i (math $i + 1)
            case '--*'
            case '*'
                set -a rest $words[$i]
        end
        set i (math $i + 1)
    end
    set -l k (count $argv)
    test (count $rest) -eq (math $k + $n); or return 1
    for j in (seq $k)
        test "$rest[$j]" = "$argv[$j]"; or return 1
    end
end

complete -c ailife -f
complete -c ailife -n "not __fish_seen_subcommand_from $__ailife_cmds" -a "$__ailife_cmds"
complete -c ailife -n "not __fish_seen_subcommand_from $__ailife_cmds" -l store -x -a 'local dynamodb'
complete -c ailife -n "not __fish_seen_subcommand_from $__ailife_cmds" -l db -r -F
complete -c ailife -n "not __fish_seen_subcommand_from $__ailife_cmds" -l config -r -F
for o in endpoint region profile table user now
    complete -c ailife -n "not __fish_seen_subcommand_from $__ailife_cmds" -l $o -x
end
for o in json jsonl explain help version
    complete -c ailife -l $o
end

# Subcommands.
complete -c ailife -n '__ailife_at 0 table' -a 'create check'
complete -c ailife -n '__ailife_at 0 user' -a 'create show list edit'
complete -c ailife -n '__ailife_at 0 goal' -a 'add list show status edit delete'
complete -c ailife -n '__ailife_at 0 activity' -a 'list show edit delete'
for k in journal meal workout
    complete -c ailife -n "__ailife_at 0 $k" -a 'add list show edit delete'
end
complete -c ailife -n '__ailife_at 0 migrate' -a 'run verify cutover cleanup status'

# Names from the store.
for s in show edit delete status
    complete -c ailife -n "__ailife_at 0 goal $s" -a '(__ailife_store goals)'
end
complete -c ailife -n '__ailife_at 1 goal status' -a 'active paused completed archived'
complete -c ailife -n '__ailife_at 0 log' -a '(__ailife_store goals)'
for k in journal meal workout
    for s in show edit delete
        complete -c ailife -n "__ailife_at 0 $k $s" -a "(__ailife_store $k)"
    end
end
for s in show edit delete
    complete -c ailife -n "__ailife_at 0 activity $s" -a '(__ailife_store activity)'
end
complete -c ailife -l goal -x -a '(__ailife_store goals)'

# Options and their values.
complete -c ailife -n '__fish_seen_subcommand_from goal' -l status -x -a 'active paused completed archived all'
complete -c ailife -n '__fish_seen_subcommand_from timeline' -l type -x -a 'activity journal meal workout'
complete -c ailife -n '__fish_seen_subcommand_from meal' -l type -x -a 'breakfast lunch dinner snack'
complete -c ailife -l units -x -a 'metric imperial'
complete -c ailife -l mood -x -a '1 2 3 4 5'
complete -c ailife -n '__fish_seen_subcommand_from log activity journal meal workout' -l at -x -a 'now today yesterday'
for o in from to
    complete -c ailife -n '__fish_seen_subcommand_from activity journal meal workout timeline' -l $o -x -a 'today yesterday -7d'
end
complete -c ailife -n '__fish_seen_subcommand_from log activity' -l note -x
complete -c ailife -n '__fish_seen_subcommand_from activity' -l amount -x
complete -c ailife -n '__fish_seen_subcommand_from goal' -l target -x
complete -c ailife -n '__fish_seen_subcommand_from goal' -l unit -x
complete -c ailife -n '__fish_seen_subcommand_from meal' -l calories -x
complete -c ailife -n '__fish_seen_subcommand_from workout' -l minutes -x
complete -c ailife -n '__fish_seen_subcommand_from workout' -l distance -x
complete -c ailife -n '__fish_seen_subcommand_from import' -F
