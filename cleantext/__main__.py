from cleantext.cli import main

main()
