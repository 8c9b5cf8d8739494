"""PostgreSQL: the shared database of several replicas (DATABASE_URL=postgresql://...).

database.py opens pools and migrates under an advisory lock; migrations.py is the schema;
users.py the user store and the record of handled updates; election.py picks the one
replica that sends reminders. The reminder store is bot/reminders/store_pg.py.
"""
