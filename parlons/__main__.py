from parlons.cli import main

main()
