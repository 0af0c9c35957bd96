from feudcli.cli import main

main()
