from maturity.cli.app import main

main()
