from prep.cli.main import main

main()
