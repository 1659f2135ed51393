try:
    from .entry import main
except KeyboardInterrupt:  # Ctrl-C while the entry point itself loads (a few ms): the same message
    from .entry import interrupted_early

    interrupted_early()

main()
